import { IsInt, IsString } from 'class-validator';
import { InvalidInput } from './errors';
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

  it('still validates the fields a message names', () => {
    expect(() => decodeMessage(CountV1, { count: 'three', more: 1 })).toThrow(InvalidInput);
  });

  it('takes a request with no fields (a sweep\'s) as a message', () => {
    expect(decodeMessage(NoFieldsV1, {})).toEqual({});
  });
});
