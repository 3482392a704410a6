import { describe, expect, it } from 'vitest';
import { mrnsFrom } from './mrnList.ts';

describe('mrnsFrom', () => {
  it('when MRNs are pasted one a line or with commas, then each is read once in order', () => {
    expect(mrnsFrom('10000001\n10000002, 10000003\n\n10000001\n')).toEqual(['10000001', '10000002', '10000003']);
  });

  it('when a CSV has an mrn column, then that column is read whatever its position, BOM and CRLF included', () => {
    expect(mrnsFrom('\uFEFFname,MRN,dob\r\n"Rivera, Ana",10000007,1980-01-01\r\nOkafor,10000008,1990-02-02\r\n')).toEqual(['10000007', '10000008']);
  });

  it('when the file is empty, then there is nothing to issue', () => {
    expect(mrnsFrom('\n\n')).toEqual([]);
  });
});
