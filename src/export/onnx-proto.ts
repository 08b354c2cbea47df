/**
 * ONNX's messages as plain data, and their protobuf bytes. Field numbers are those of
 * onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto); only the fields
 * an exported network uses are here.
 */
import { toLittleEndian } from '../model/little-endian.js';
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType.FLOAT */
export const FLOAT = 1;
/** TensorProto.DataType.INT64 */
export const INT64 = 7;

export type Attribute = { name: string; float: number } | { name: string; int: number } | { name: string; ints: number[] };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

/** A constant tensor (a weight): float32 values, or int64 ones (a shape). */
export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

/** A graph input or output: float32 with these dimensions, a string for a symbolic one (the batch, "N"). */
export interface ValueInfo {
  name: string;
  dims: (number | string)[];
}

export interface OnnxModel {
  /** ModelProto.ir_version: 7 is ONNX 1.8's, what opset 13 needs. */
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: { name: string; nodes: OnnxNode[]; initializers: Initializer[]; inputs: ValueInfo[]; outputs: ValueInfo[] };
}

/** ModelProto's bytes. */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  const { graph } = model;
  const g = new ProtoWriter();
  for (const node of graph.nodes) g.message(1, nodeProto(node));
  g.string(2, graph.name);
  for (const init of graph.initializers) g.message(5, tensorProto(init));
  for (const input of graph.inputs) g.message(11, valueInfoProto(input));
  for (const output of graph.outputs) g.message(12, valueInfoProto(output));
  return new ProtoWriter()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .string(6, model.docString)
    .message(7, g)
    .message(8, new ProtoWriter().string(1, '').int(2, model.opset))
    .finish();
}

function nodeProto(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.message(5, attributeProto(attribute));
  return w;
}

/** AttributeProto: name (1), f (2), i (3), ints (8), type (20: FLOAT 1, INT 2, INTS 7). */
function attributeProto(attribute: Attribute): ProtoWriter {
  const w = new ProtoWriter().string(1, attribute.name);
  if ('float' in attribute) return w.float(2, attribute.float).int(20, 1);
  if ('int' in attribute) return w.int(3, attribute.int).int(20, 2);
  for (const v of attribute.ints) w.int(8, v);
  return w.int(20, 7);
}

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian). */
function tensorProto(init: Initializer): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of init.dims) w.int(1, d);
  w.int(2, init.data instanceof Float32Array ? FLOAT : INT64).string(8, init.name);
  if (init.data instanceof Float32Array) return w.bytes(9, toLittleEndian(init.data, 'float32'));
  const raw = Buffer.alloc(init.data.length * 8);
  init.data.forEach((v, i) => raw.writeBigInt64LE(v, i * 8));
  return w.bytes(9, raw);
}

/** ValueInfoProto { name (1), type (2): TypeProto { tensor_type (1): { elem_type (1), shape (2): { dim (1): { dim_value (1) | dim_param (2) } } } } }. */
function valueInfoProto(value: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of value.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape);
  return new ProtoWriter().string(1, value.name).message(2, new ProtoWriter().message(1, tensorType));
}
