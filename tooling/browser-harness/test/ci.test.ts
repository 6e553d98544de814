import { describe, expect, it } from 'vitest';
import { isCi } from '../src/index';

describe('isCi', () => {
  it('is true for CI=true, CI=1 and any other non-false value', () => {
    for (const value of ['true', '1', 'TRUE', 'yes', ' true ']) expect(isCi({ CI: value }), value).toBe(true);
  });

  it("is false without CI, and for '', 'false' and '0' (so CI=false really turns it off)", () => {
    expect(isCi({})).toBe(false);
    for (const value of ['', 'false', 'False', '0', ' 0 ']) expect(isCi({ CI: value }), JSON.stringify(value)).toBe(false);
  });
});
