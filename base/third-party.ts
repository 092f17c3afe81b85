/**
 * The third-party notices file the build writes beside the app (tools/build/third-party-notices.ts)
 * and the console's "Giới thiệu" reads: one entry per package the app ships.
 */
export const NOTICES_FILE = 'third-party-notices.json';

export interface ThirdPartyNotice {
  name: string;
  version: string;
  /** The package's SPDX licence expression. */
  licence: string;
  /** The licence and notice files' text, as the package ships them ('' when it ships none). */
  text: string;
}
