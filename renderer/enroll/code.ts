/** As typed, shown as the host prints it (host/room/codes.ts): upper case, a dash after four characters. */
export function formatCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 8);
  return raw.length > 4 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw;
}
