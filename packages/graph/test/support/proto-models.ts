// Small models written with protobufjs (onnx-proto), an encoder independent of losskit's.
import { onnx } from 'onnx-proto';

export function floatType(dims: number[]): onnx.ITypeProto {
  return { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } };
}

const boolScalar: onnx.ITypeProto = { tensorType: { elemType: 9, shape: { dim: [] } } };

function branch(op: string, output: onnx.IValueInfoProto): onnx.IGraphProto {
  return { name: op, node: [{ opType: op, input: ['x'], output: [output.name!] }], output: [output] };
}

/** `y = If(c, Relu(x), Neg(x))` for a float32 `x` of 3 values, its outputs declared as given. */
export function ifModel(branchOutput: onnx.IValueInfoProto, output: onnx.IValueInfoProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 18 }],
    graph: {
      name: 'g',
      node: [
        {
          opType: 'If',
          input: ['c'],
          output: [output.name!],
          attribute: [
            { name: 'then_branch', type: 5, g: branch('Relu', branchOutput) },
            { name: 'else_branch', type: 5, g: branch('Neg', branchOutput) },
          ],
        },
      ],
      input: [
        { name: 'x', type: floatType([3]) },
        { name: 'c', type: boolScalar },
      ],
      output: [output],
    },
  }).finish();
}

/** A `Loop` over `x` whose body declares the one input and output given. */
export function loopModel(bodyInput: onnx.IValueInfoProto, bodyOutput: onnx.IValueInfoProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 18 }],
    graph: {
      name: 'g',
      node: [{ opType: 'Loop', input: ['n', '', 'x'], output: ['y'], attribute: [{ name: 'body', type: 5, g: { name: 'body', input: [bodyInput], output: [bodyOutput] } }] }],
      input: [{ name: 'x', type: floatType([3]) }],
      output: [{ name: 'y', type: floatType([3]) }],
    },
  }).finish();
}
