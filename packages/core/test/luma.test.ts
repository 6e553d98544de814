import { describe, expect, it } from 'vitest';
import { LUMA_STANDARDS } from '../src/index';

describe('LUMA_STANDARDS', () => {
  it('holds the ITU-R coefficients (Rec. 601: 0.299, 0.587, 0.114; Rec. 709: 0.2126, 0.7152, 0.0722)', () => {
    expect(LUMA_STANDARDS).toEqual({ bt601: [0.299, 0.587, 0.114], bt709: [0.2126, 0.7152, 0.0722] });
  });

  it('cannot be changed by a caller, since every user of luma reads this one copy', () => {
    expect(Object.isFrozen(LUMA_STANDARDS)).toBe(true);
    expect(Object.isFrozen(LUMA_STANDARDS.bt601)).toBe(true);
    expect(Object.isFrozen(LUMA_STANDARDS.bt709)).toBe(true);
  });
});
