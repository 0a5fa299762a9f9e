/*
 * Preloaded into a CLI run (`node --require test/kit/fixed-clock.cjs`) to put its clock at
 * KIEMTRA_TEST_CLOCK (an ISO instant): `Date.now()` and `new Date()` start there and run on at the
 * real pace, so timeouts still measure real time. For tests of what a command does on another date
 * (January 2027) against a server that runs on the real clock.
 */
'use strict';
const at = Date.parse(process.env.KIEMTRA_TEST_CLOCK ?? '');
if (!Number.isNaN(at)) {
  const RealDate = Date;
  const offset = at - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
