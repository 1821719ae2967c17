import { IsInt, IsString } from 'class-validator';
import { InvalidInput } from './errors';
import { UsageReplyV1 } from './rpc/billing';
import { decode, decodeMessage } from './validate';

class NameV1 {
  @IsString() name!: string;
}

class NoFieldsV1 {}

class CountV1 {
  @IsInt() count!: number;
}

describe('decode', () => {
  it('refuses a field its contract does not name in input from outside, so a typo is an error', () => {
    expect(() => decode(NameV1, { name: 'a', nmae: 'b' })).toThrow(/nmae should not exist/);
  });

  it('drops it from a message of another service, a sender one version ahead', () => {
    const decoded = decodeMessage(NameV1, { name: 'a', addedInV2: true });
    expect(decoded).toEqual({ name: 'a' });
    expect(decoded).toBeInstanceOf(NameV1);
  });

  it('drops unknown fields inside nested objects too, so a reply can be shown as its contract has it', () => {
    const usage = {
      tier: 'dev', model: 'm', periodStart: '2026-12-01T00:00:00.000Z', periodEnd: '2026-12-31T00:00:00.000Z',
      budgetMicrodollars: 1, spentMicrodollars: 0, todayAllowanceMicrodollars: 1, spentTodayMicrodollars: 0,
      projects: [{ projectId: '8d1f3a52-8c4e-4b5e-9a51-2f0f3f6d8a11', spentMicrodollars: 0, internalNote: 'x' }],
    };
    expect(JSON.parse(JSON.stringify(decodeMessage(UsageReplyV1, { ...usage, ledgerRows: 3 })))).toEqual({
      ...usage, projects: [{ projectId: usage.projects[0].projectId, spentMicrodollars: 0 }],
    });
  });

  it('still validates the fields a message names', () => {
    expect(() => decodeMessage(CountV1, { count: 'three', more: 1 })).toThrow(InvalidInput);
  });

  it('takes a request with no fields (a sweep\'s) as a message', () => {
    expect(decodeMessage(NoFieldsV1, {})).toEqual({});
  });
});
