// Spreadsheets run cells that start with these as formulas (CSV injection); such cells get a
// leading apostrophe on the way out and lose exactly one on the way back, so the digest still holds.
const FORMULA = /^'*[=+\-@\t\r]/;

/** A cell value made safe to open in a spreadsheet. */
export const toCell = (value: string): string => (FORMULA.test(value) ? `'${value}` : value);

/** The original value of a cell written by `toCell`. */
export const fromCell = (cell: string): string => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
