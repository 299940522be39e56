import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from './route-metadata';

const KEY = 'connect-and-share:test-key';

@SetMetadata(KEY, 'from the class')
class Parent {
  @SetMetadata(KEY, 'from the handler')
  marked(): void {}
  unmarked(): void {}
}
@SetMetadata(KEY, 'from the subclass')
class Child extends Parent {}
class Plain {
  unmarked(): void {}
}

describe('RouteMetadata', () => {
  const cases: Array<[string, Parameters<Reflector['get']>[1][]]> = [
    ['a handler marked', [Parent.prototype.marked, Parent]],
    ['a handler without, its class marked', [Parent.prototype.unmarked, Parent]],
    ['the same handler under a subclass marked otherwise', [Parent.prototype.unmarked, Child]],
    ['nothing marked', [Plain.prototype.unmarked, Plain]],
    ['one target', [Parent]],
  ];

  it.each(cases)('answers as Reflector does, asked twice: %s', (_name, targets) => {
    const routeMetadata = new RouteMetadata();
    const expected = new Reflector().getAllAndOverride<unknown>(KEY, targets);
    expect(routeMetadata.getAllAndOverride(KEY, targets)).toBe(expected);
    expect(routeMetadata.getAllAndOverride(KEY, targets)).toBe(expected);
  });

  it('keeps a handler shared by two controllers apart', () => {
    const routeMetadata = new RouteMetadata();
    expect(routeMetadata.getAllAndOverride(KEY, [Parent.prototype.unmarked, Parent])).toBe('from the class');
    expect(routeMetadata.getAllAndOverride(KEY, [Parent.prototype.unmarked, Child])).toBe(
      'from the subclass',
    );
  });

  it('keeps keys apart', () => {
    const routeMetadata = new RouteMetadata();
    const targets = [Parent.prototype.marked, Parent];
    expect(routeMetadata.getAllAndOverride(KEY, targets)).toBe('from the handler');
    expect(routeMetadata.getAllAndOverride('another key', targets)).toBeUndefined();
  });
});
