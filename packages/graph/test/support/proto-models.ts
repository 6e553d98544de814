// Small models written with protobufjs (onnx-proto), an encoder independent of losskit's.
import { onnx } from 'onnx-proto';

export function floatType(dims: number[]): onnx.ITypeProto {
  return { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } };
}

const boolScalar: onnx.ITypeProto = { tensorType: { elemType: 9, shape: { dim: [] } } };

function branch(op: string, output: onnx.IValueInfoProto): onnx.IGraphProto {
  return { name: op, node: [{ opType: op, input: ['x'], output: [output.name!] }], output: [output] };
}

/** An opset-18 model of one node, with a float32 input `x` of 3 values besides `inputs`. */
function oneNode(node: onnx.INodeProto, inputs: onnx.IValueInfoProto[], output: onnx.IValueInfoProto): Uint8Array {
  const graph = { name: 'g', node: [node], input: [{ name: 'x', type: floatType([3]) }, ...inputs], output: [output] };
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 18 }], graph }).finish();
}

/** `y = If(c, Relu(x), Neg(x))` for a float32 `x` of 3 values, its outputs declared as given. */
export function ifModel(branchOutput: onnx.IValueInfoProto, output: onnx.IValueInfoProto): Uint8Array {
  const branches = [
    { name: 'then_branch', type: 5, g: branch('Relu', branchOutput) },
    { name: 'else_branch', type: 5, g: branch('Neg', branchOutput) },
  ];
  return oneNode({ opType: 'If', input: ['c'], output: [output.name!], attribute: branches }, [{ name: 'c', type: boolScalar }], output);
}

/** A `Loop` over `x` whose body declares the one input and output given. */
export function loopModel(bodyInput: onnx.IValueInfoProto, bodyOutput: onnx.IValueInfoProto): Uint8Array {
  const body = { name: 'body', input: [bodyInput], output: [bodyOutput] };
  return oneNode({ opType: 'Loop', input: ['n', '', 'x'], output: ['y'], attribute: [{ name: 'body', type: 5, g: body }] }, [], { name: 'y', type: floatType([3]) });
}
