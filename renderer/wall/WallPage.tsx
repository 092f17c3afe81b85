export default function WallPage(_props: Record<string, unknown>) {
  return <main className="home">WallPage</main>;
}
