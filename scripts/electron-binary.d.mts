/** Where the Electron executable is, or null when it is not installed (see electron-binary.mjs). */
export function electronBinary(): string | null;
