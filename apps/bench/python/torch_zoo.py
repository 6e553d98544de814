"""torchvision models for the losskit zoo benchmark: export, PyTorch peer and memory probe.

    torch_zoo.py export DIR            writes DIR/<model>.onnx (torch.onnx.export, training mode,
                                       opset 17, dynamic batch) and DIR/<model>.pt (the same
                                       initial weights) for every model of MODELS; skips files
                                       that exist
    torch_zoo.py SPEC                  the PyTorch peer: one model per shape, a training step per
                                       request line (as torch_train.py)
    torch_zoo.py memory SPEC           trains one shape for SPEC's step count in this process and
                                       prints its peak and per-step resident memory

Every model is built as the issue's user built it: torchvision 0.14 with num_classes=NUM_CLASSES,
random initial weights (torch.manual_seed(0)), BCE on logits, Adam, input 3x64x64, training mode.
Run by apps/bench; not a test.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

from torch_train import blas_name, serve_steps

MODELS = ["resnet18", "mobilenet_v2", "squeezenet1_1", "shufflenet_v2_x0_5", "efficientnet_b0"]
NUM_CLASSES = 10
SIZE = 64
OPSET = 17


def build(name):
    torch.manual_seed(0)
    # efficientnet_b0's StochasticDepth draws with torch.bernoulli in training mode, which
    # torch.onnx.export cannot write; probability 0 makes it the identity (as in eval mode).
    extra = {"stochastic_depth_prob": 0.0} if name.startswith("efficientnet") else {}
    return getattr(torchvision.models, name)(weights=None, num_classes=NUM_CLASSES, **extra)


def export(folder):
    os.makedirs(folder, exist_ok=True)
    for name in MODELS:
        onnx_file, weights_file = os.path.join(folder, f"{name}.onnx"), os.path.join(folder, f"{name}.pt")
        if os.path.exists(onnx_file) and os.path.exists(weights_file):
            continue
        model = build(name)
        torch.save(model.state_dict(), weights_file)
        model.train()
        # Training mode keeps BatchNormalization's batch statistics and Dropout in the graph, as
        # a fine-tuning user exports; constant folding off so that no parameter is folded away.
        torch.onnx.export(model, torch.zeros(2, 3, SIZE, SIZE), onnx_file, opset_version=OPSET,
                          training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        print(f"exported {name}", file=sys.stderr, flush=True)
    print(json.dumps({"models": MODELS, "numClasses": NUM_CLASSES, "size": SIZE, "opset": OPSET,
                      "torch": torch.__version__, "torchvision": torchvision.__version__}), flush=True)


def trainer(shape, spec):
    model = build(shape["model"])
    model.load_state_dict(torch.load(shape["weights"]))
    model.train()
    batch = int(shape["batch"])
    x = torch.from_numpy(np.fromfile(shape["input"], dtype=np.float32)).reshape(batch, 3, SIZE, SIZE)
    y = torch.from_numpy(np.fromfile(shape["target"], dtype=np.float32)).reshape(batch, NUM_CLASSES)
    adam = spec["adam"]
    opt = torch.optim.Adam(model.parameters(), lr=adam["lr"], betas=tuple(adam["betas"]), eps=adam["eps"])

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def status_kib(field):
    """A memory field of /proc/self/status in KiB: VmHWM (peak resident set) or VmRSS (current)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def serve(spec):
    torch.set_num_threads(spec["threads"])
    serve_steps([trainer(s, spec) for s in spec["shapes"]], "cpu")


def memory(spec):
    """Peak RSS (VmHWM), RSS at each checkpoint, and its range after every step past the first checkpoint."""
    torch.set_num_threads(spec["threads"])
    step = trainer(spec, spec)  # the spec names one model, its weights, batch, input and target
    before = status_kib("VmRSS")
    samples, low, high = [], float("inf"), 0
    for i in range(1, spec["steps"] + 1):
        step()
        rss = status_kib("VmRSS")
        if i in spec["sampleAt"]:
            samples.append({"step": i, "rssKiB": rss})
        if i > spec["sampleAt"][0]:
            low, high = min(low, rss), max(high, rss)
    print(json.dumps({"baselineKiB": before, "peakKiB": status_kib("VmHWM"), "samples": samples, "rangeKiB": [low, high],
                      "torch": torch.__version__, "blas": blas_name(), "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2])
    elif sys.argv[1] == "memory":
        memory(json.load(open(sys.argv[2])))
    else:
        serve(json.load(open(sys.argv[1])))
