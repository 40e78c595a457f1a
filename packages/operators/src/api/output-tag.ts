/**
 * Names a side output of type T. Operators emit to it with `Output.collectSide`, and
 * `DataStream.getSideOutput(tag)` reads it. Two tags are the same output when their ids are.
 */
export class OutputTag<T> {
  /** Never set: carries T for the type checker only. */
  declare readonly __type?: T;
  constructor(readonly id: string) {
    if (id.length === 0) throw new TypeError('an OutputTag needs a non-empty id');
  }
}
