/** Luma weights of red, green and blue: `Y = r R + g G + b B`. */
export type LumaCoefficients = readonly [r: number, g: number, b: number];

/**
 * Named luma coefficient sets: ITU-R BT.601 (SD video, JPEG; what the seed experiment's luma
 * loss uses) and BT.709 (HD video, sRGB). The one place these numbers are written: the luma
 * plugin, the image metrics and the synthetic grey images all read them from here.
 */
export const LUMA_STANDARDS: Readonly<Record<'bt601' | 'bt709', LumaCoefficients>> = Object.freeze({
  bt601: Object.freeze([0.299, 0.587, 0.114] as const),
  bt709: Object.freeze([0.2126, 0.7152, 0.0722] as const),
});
