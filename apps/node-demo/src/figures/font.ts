/** Width of a glyph in font pixels. */
export const GLYPH_WIDTH = 5;
/** Height of a glyph cell in font pixels: 7 rows down to the baseline and 2 for descenders. */
export const GLYPH_HEIGHT = 9;
/** Height of capitals and digits in font pixels (the rows above the baseline). */
export const CAP_HEIGHT = 7;
/** Font pixels between two glyphs. */
export const GLYPH_SPACING = 1;

// A 5x7 bitmap font with descenders for printable ASCII (32 to 126), drawn for this project.
// Each glyph is 9 base-32 digits, one per row from the top; bit 4 of a row is its leftmost
// pixel. Rows 7 and 8 hold the tails of g, j, p, q and y.
const GLYPHS = [
  '000000000444440400aaa000000aavavaa004fke5u400op248j300cik8lid0044800000024888420084222480004lel4000044v440000000c4800000v0000000000cc0001248g000', //  !"#$%&'()*+,-./
  'ehjlphe004c4444e00eh1248v00v2421he0026aiv2200vgu11he0068guhhe00v12488800ehhehhe00ehhf12c000cc0cc0000cc0c4800248g8420000v0v0000842124800eh1240400', // 0123456789:;<=>?
  'eh1dlle00ehhvhhh00uhhuhhu00ehggghe00sihhhis00vgguggv00vgguggg00ehgnhhf00hhhvhhh00e44444e0072222ic00hikokih00ggggggv00hrllhhh00hhpljhh00ehhhhhe00', // @ABCDEFGHIJKLMNO
  'uhhuggg00ehhhlid00uhhukih00fgge11u00v44444400hhhhhhe00hhhhha400hhhllla00hha4ahh00hhha44400v1248gv00e88888e000g8421000e22222e004ah000000000000v00', // PQRSTUVWXYZ[\]^_
  '84200000000e1fhf00ggmphhu0000egghe0011djhhf0000ehvge00698s8880000fhhhf1eggmphhh0040c444e002062222icggikoki00c44444e0000qllhh0000mphhh0000ehhhe00', // `abcdefghijklmno
  '00uhhhugg00fhhhf1100mpggg0000ege1u0088s88960000hhhjd0000hhha40000hhlla0000ha4ah0000hhhhf1e00v248v00244844200444444400844244800008l20000', // pqrstuvwxyz{|}~
].join('');

const FIRST = 32;
const LAST = 126;
const UNKNOWN = '?'.charCodeAt(0);

/**
 * The 9 row bitmasks of `char`'s glyph (bit 4 is the leftmost pixel). Characters outside
 * printable ASCII are drawn as `?`.
 */
export function glyphRows(char: string): number[] {
  let code = char.charCodeAt(0);
  if (!(code >= FIRST && code <= LAST)) code = UNKNOWN;
  const start = (code - FIRST) * GLYPH_HEIGHT;
  return Array.from(GLYPHS.slice(start, start + GLYPH_HEIGHT), (digit) => Number.parseInt(digit, 32));
}

/** Width in pixels of `text` drawn at `scale` (no trailing spacing). */
export function textWidth(text: string, scale = 1): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + GLYPH_SPACING) - GLYPH_SPACING) * scale;
}

/** Height in pixels of a line of text drawn at `scale`, descenders included. */
export function textHeight(scale = 1): number {
  return GLYPH_HEIGHT * scale;
}
