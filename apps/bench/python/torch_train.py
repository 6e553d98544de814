"""PyTorch eager peer of the losskit training-step benchmark.

Reads architectures written by apps/bench (the ONNX graph of the model as JSON nodes, its
initial float32 parameters and one batch per shape), rebuilds them with torch.nn.functional ops,
and runs Adam + L1 training steps on request, so that apps/bench can interleave them with its
JavaScript contestants. Run by apps/bench; not a test.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def blas_name():
    # Which shared BLAS library the process mapped (Debian's torch links libblas.so.3, which
    # update-alternatives points at the reference BLAS or OpenBLAS).
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower()}
        return sorted(libs)
    except OSError:
        return []


def pair(values, default):
    return tuple(values) if values else default


def forward(arch, params, x):
    values = {arch["input"]: x}

    def get(name):
        return values[name] if name in values else params[name]

    for node in arch["nodes"]:
        op, ins, attrs = node["op"], node["inputs"], node["attributes"]
        a = get(ins[0])
        if op == "Conv":
            pads = attrs.get("pads", [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3], "asymmetric pads"
            out = F.conv2d(a, get(ins[1]), get(ins[2]) if len(ins) > 2 and ins[2] else None,
                           stride=pair(attrs.get("strides"), (1, 1)), padding=(pads[0], pads[1]),
                           dilation=pair(attrs.get("dilations"), (1, 1)), groups=attrs.get("group", 1))
        elif op == "ConvTranspose":
            pads = attrs.get("pads", [0, 0, 0, 0])
            out = F.conv_transpose2d(a, get(ins[1]), get(ins[2]) if len(ins) > 2 and ins[2] else None,
                                     stride=pair(attrs.get("strides"), (1, 1)), padding=(pads[0], pads[1]),
                                     output_padding=pair(attrs.get("output_padding"), (0, 0)),
                                     groups=attrs.get("group", 1), dilation=pair(attrs.get("dilations"), (1, 1)))
        elif op == "Gemm":
            w = get(ins[1])
            if attrs.get("transA", 0):
                a = a.t()
            w = w if attrs.get("transB", 0) else w.t()
            out = F.linear(a, w, get(ins[2]) if len(ins) > 2 and ins[2] else None)
        elif op == "Flatten":
            out = torch.flatten(a, attrs.get("axis", 1))
        elif op == "Reshape":
            shape = [a.shape[i] if d == 0 else d for i, d in enumerate(arch["constants"][ins[1]])]
            out = a.reshape(shape)
        elif op == "Relu":
            out = F.relu(a)
        elif op == "LeakyRelu":
            out = F.leaky_relu(a, attrs.get("alpha", 0.01))
        elif op == "Sigmoid":
            out = torch.sigmoid(a)
        elif op == "Resize":
            scales = arch["constants"].get(ins[2]) if len(ins) > 2 and ins[2] else None
            size = None if scales else arch["constants"][ins[3]][2:]
            mode = "bilinear" if attrs.get("mode") == "linear" else "nearest"
            out = F.interpolate(a, size=size, scale_factor=scales[2:] if scales else None, mode=mode,
                                **({"align_corners": False} if mode == "bilinear" else {}))
        else:
            raise SystemExit(f"torch_train.py: ONNX op {op} is not mapped")
        values[node["outputs"][0]] = out
    return values[arch["output"]]


def build(arch, blob, batch_file, dims, adam, device):
    params, offset = {}, 0
    for p in arch["params"]:
        n = int(np.prod(p["dims"]))
        tensor = torch.from_numpy(blob[offset:offset + n].copy()).reshape(p["dims"]).to(device)
        params[p["name"]] = torch.nn.Parameter(tensor)
        offset += n
    batch = torch.from_numpy(np.fromfile(batch_file, dtype=np.float32)).reshape(dims).to(device)
    opt = torch.optim.Adam(params.values(), lr=adam["lr"], betas=tuple(adam["betas"]), eps=adam["eps"])

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.l1_loss(forward(arch, params, batch), batch)
        loss.backward()
        opt.step()
        return loss.item()  # waits for the device, so the step's time is complete

    return step


def main():
    """Serves training steps: after "ready", each stdin line holds a shape index; the reply is one
    JSON line with the step's time (measured here, without the pipe) and its loss."""
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(spec["threads"])
    # CUDA when the bench runs losskit on CUDA and this PyTorch build has it; the CPU otherwise.
    device = "cuda" if spec["device"] == "cuda" and torch.cuda.is_available() else "cpu"
    steps = [build(s["architecture"], np.fromfile(s["params"], dtype=np.float32), s["batch"], s["dims"], spec["adam"], device)
             for s in spec["shapes"]]
    serve_steps(steps, device)


def serve_steps(steps, device):
    """Prints "ready" (what PyTorch runs with), then runs steps[i] for each stdin line i until
    "quit", replying with one JSON line: the step's time (measured here, without the pipe) and its loss."""
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_name(),
                      "device": device}), flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        step = steps[int(line)]
        start = time.perf_counter()
        loss = step()
        print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "loss": loss}), flush=True)


if __name__ == "__main__":
    main()
