import { describe, expect, it } from 'vitest';
import { indexesToString, parseIndexes } from '../../src/controllers/job-indexes.js';
import { podGenerateNameWithIndex } from '../../src/controllers/job.js';

describe('completed indexes text (orderedIntervals.String)', () => {
  it('runs of 3+ as a-b, pairs as a,b, lone indexes alone', () => {
    expect(indexesToString([])).toBe('');
    expect(indexesToString([0, 1, 2])).toBe('0-2');
    expect(indexesToString([1, 2])).toBe('1,2');
    expect(indexesToString([7, 1, 3, 4, 5, 8])).toBe('1,3-5,7,8');
  });

  it('parses back, dropping indexes at or above completions', () => {
    expect([...parseIndexes('1,3-5,7,8', 8)].sort((a, b) => a - b)).toEqual([1, 3, 4, 5, 7]);
    expect([...parseIndexes('', 3)]).toEqual([]);
  });
});

describe('podGenerateNameWithIndex', () => {
  it('keeps the index when the job name is long', () => {
    expect(podGenerateNameWithIndex('shard', 2)).toBe('shard-2-');
    const long = 'j'.repeat(60);
    expect(podGenerateNameWithIndex(long, 12)).toBe(`${'j'.repeat(54)}-12-`);
    expect(podGenerateNameWithIndex(long, 12)).toHaveLength(58);
  });
});
