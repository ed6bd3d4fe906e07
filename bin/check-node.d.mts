/** The line to print when `version` (e.g. "20.20.2") is too old for bullpen, else undefined. */
export function nodeVersionProblem(version: string): string | undefined;
/** Prints the line and exits 1 when this Node is too old. */
export function exitUnlessNodeIsRecent(): void;
