// How long an operator password may be (shared by the server check and the set-password form).
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;
