export default function ConsolePage(_props: Record<string, unknown>) {
  return <main className="home">ConsolePage</main>;
}
