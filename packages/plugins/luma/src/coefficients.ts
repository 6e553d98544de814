import { InvalidOptionError, LUMA_STANDARDS, type LumaCoefficients, type OptionSpec, describeValue } from '@losskit/core';

const EXPECTED = '"bt601", "bt709" or three finite numbers [r, g, b]';

/** The `coefficients` option: a standard's name or any `[r, g, b]`. */
export const coefficientsOption: OptionSpec<'bt601' | 'bt709' | readonly number[], LumaCoefficients> = {
  type: '"bt601" | "bt709" | [r, g, b]',
  description: 'Weights of R, G and B in Y = r R + g G + b B: BT.601 (0.299, 0.587, 0.114), BT.709 (0.2126, 0.7152, 0.0722) or your own.',
  default: LUMA_STANDARDS.bt601,
  parse: (value, path) => {
    if (value === 'bt601' || value === 'bt709') return LUMA_STANDARDS[value];
    if (Array.isArray(value) && value.length === 3 && value.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      return Object.freeze([value[0], value[1], value[2]] as const);
    }
    throw new InvalidOptionError(path, EXPECTED, describeValue(value));
  },
};
