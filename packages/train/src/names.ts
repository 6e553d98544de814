/**
 * Names of the values losskit adds to a model when it compiles training and evaluation graphs.
 * The `losskit/` prefix keeps them apart from the model's own names.
 */
export const NAMES: {
  readonly target: string;
  readonly lr: string;
  readonly step: string;
  readonly loss: string;
  readonly lossSum: string;
  readonly parameterCheck: string;
  newParam(param: string): string;
  state(slot: string, param: string): string;
  newState(slot: string, param: string): string;
  /** The parameters a step on a host provider updates as one flat tensor (`FlatLayout`), back to back. */
  readonly flatParams: string;
  flatState(slot: string): string;
  readonly newFlatParams: string;
  newFlatState(slot: string): string;
  /** The updated value of a running statistic (BatchNormalization mean or variance). */
  newStatistic(name: string): string;
  /** The 0/1 mask a training-mode Dropout node multiplies by. */
  dropoutMask(node: string): string;
} = {
  target: 'losskit/target',
  lr: 'losskit/lr',
  step: 'losskit/step',
  loss: 'losskit/loss',
  lossSum: 'losskit/loss-sum',
  parameterCheck: 'losskit/parameter-check',
  newParam: (param) => `losskit/new/${param}`,
  state: (slot, param) => `losskit/state/${slot}/${param}`,
  newState: (slot, param) => `losskit/new-state/${slot}/${param}`,
  flatParams: 'losskit/flat/params',
  flatState: (slot) => `losskit/flat/state/${slot}`,
  newFlatParams: 'losskit/flat/new-params',
  newFlatState: (slot) => `losskit/flat/new-state/${slot}`,
  newStatistic: (name) => `losskit/new-statistic/${name}`,
  dropoutMask: (node) => `losskit/dropout-mask/${node}`,
};
