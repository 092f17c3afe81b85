/** Why a view could not answer, for the person who asked (mapped to ApiError by the handler). */
export class ViewError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_params',
    message: string,
  ) {
    super(message);
    this.name = 'ViewError';
  }
}
