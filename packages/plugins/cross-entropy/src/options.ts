import { type ClassTargetSchema, classTargetSchema } from '@losskit/core';

/** The options of `crossEntropy`: core's class-target options, which NLL shares. */
export type CrossEntropySchema = ClassTargetSchema;

export const crossEntropySchema: CrossEntropySchema = classTargetSchema;
