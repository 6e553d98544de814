"""PyTorch peer of the cross-entropy benchmark: F.cross_entropy forward and backward on the
logits [N, C] (float32) and class indices [N] (int32, widened to PyTorch's int64 once) written by
apps/bench, on the CPU, timed here on request so that apps/bench can interleave it with its
JavaScript contestants. Run by apps/bench; not a test.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_train import blas_name


def main():
    """After "ready", each stdin line is "run" (reply: the forward and backward time, measured
    here without the pipe, and the loss), "run N" (N runs back to back; reply: their times) or
    "check PATH" (one run, with d loss / d logits written to PATH as float32)."""
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(spec["threads"])
    n, c = spec["dims"]
    logits = torch.from_numpy(np.fromfile(spec["logits"], dtype=np.float32).reshape(n, c)).requires_grad_(True)
    labels = torch.from_numpy(np.fromfile(spec["labels"], dtype=np.int32).astype(np.int64))

    def step():
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        return loss.item()

    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_name(),
                      "device": "cpu"}), flush=True)
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        times = []
        for _ in range(int(command[1]) if command[0] == "run" and len(command) > 1 else 1):
            # The previous gradient is dropped untimed, as losskit's are collected outside its timing.
            logits.grad = None
            start = time.perf_counter()
            loss = step()
            times.append((time.perf_counter() - start) * 1000)
        if command[0] == "check":
            logits.grad.numpy().tofile(command[1])
        print(json.dumps({"ms": times[0] if len(times) == 1 else times, "loss": loss}), flush=True)


if __name__ == "__main__":
    main()
