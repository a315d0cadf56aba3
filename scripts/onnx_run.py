"""Runs an ONNX model in ONNX Runtime: onnx_run.py MODEL INPUTS.json OUTPUTS.json.

INPUTS.json holds {"inputs": [[...], ...]} and optionally "image": [C, H, W] to reshape each
row; OUTPUTS.json receives the model's first output as a list of rows. Used by the tests.
"""
import json
import sys

import numpy as np
import onnxruntime as ort

model, inputs_path, outputs_path = sys.argv[1:4]
with open(inputs_path) as f:
    payload = json.load(f)
x = np.asarray(payload["inputs"], dtype=np.float32)
session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
declared = session.get_inputs()[0]
if len(declared.shape) == 4:
    x = x.reshape((x.shape[0], *payload["image"]))
out = session.run(None, {declared.name: x})[0]
with open(outputs_path, "w") as f:
    json.dump(np.asarray(out, dtype=np.float64).reshape(out.shape[0], -1).tolist(), f)
