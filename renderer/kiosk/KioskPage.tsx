export default function KioskPage(_props: Record<string, unknown>) {
  return <main className="home">KioskPage</main>;
}
