/** User-facing text in the catalog: Vietnamese first, English second. */
export interface LocalText {
  vi: string;
  en: string;
}

export type Lang = keyof LocalText;
