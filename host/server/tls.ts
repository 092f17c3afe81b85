import { MB, readRegularFile } from '../files';

export class TlsFileError extends Error {
  constructor(file: string, what: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    super(
      `Không đọc được ${what} TLS "${file}" (${code}) / cannot read the TLS ${what} "${file}" (${code}): ` +
        'check server.tls in the config file (PEM files; paths relative to the config file).',
    );
    this.name = 'TlsFileError';
  }
}

function read(file: string, what: string): Buffer {
  try {
    return readRegularFile(file, MB);
  } catch (err) {
    throw new TlsFileError(file, what, err);
  }
}

/** The PEM files of `server.tls`, read once at start; a missing one stops the start with its path. */
export function readTls(tls: { cert: string; key: string } | undefined): { cert: Buffer; key: Buffer } | undefined {
  return tls ? { cert: read(tls.cert, 'certificate'), key: read(tls.key, 'key') } : undefined;
}
