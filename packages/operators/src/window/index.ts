export type { TimeWindow } from './time-window.js';
export { windowMaxTimestamp, windowStart } from './time-window.js';
export type { WindowAssigner } from './window-assigner.js';
export {
  assignWindows,
  eventTimeSessionWindows,
  processingTimeSessionWindows,
  slidingEventTimeWindows,
  slidingProcessingTimeWindows,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
} from './window-assigner.js';
export type { ProcessWindowFn, WindowContext } from './window-fns.js';
export type { WindowOperatorConfig } from './window-operator-config.js';
export { windowOperator } from './window-operator.js';
export type { IntervalJoinBounds, IntervalJoinContext, ProcessJoinFn } from './interval-join.js';
export { intervalJoinOperator } from './interval-join-operator.js';
