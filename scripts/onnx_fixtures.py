"""Writes the ONNX fixtures and their framework outputs (see scripts/onnx-fixtures)."""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)
rng = np.random.default_rng(0)
GERMAN = 44  # features of `load german`
DIGITS = (1, 8, 8)  # `load digits`


DATA = os.environ.get("AMULET_DATA", "data")


def german():
    """German credit as `load german` encodes it: attributes 1-20 without 9 and 13, numbers
    min-max scaled (here over all rows; Amulet uses its training split, a close scale),
    categories one-hot with the first sorted level dropped; label 1 = good."""
    rows = [line.split() for line in open(f"{DATA}/german.data") if line.strip()]
    numeric = {2, 5, 8, 11, 13, 16, 18}
    columns = []
    for a in range(1, 21):
        if a in (9, 13):
            continue
        values = [r[a - 1] for r in rows]
        if a in numeric:
            v = np.array(values, dtype=np.float64)
            columns.append(((v - v.min()) / (v.max() - v.min()))[:, None])
        else:
            levels = sorted(set(values))[1:]
            columns.append(np.array([[1.0 if x == level else 0.0 for level in levels] for x in values]))
    x = np.hstack(columns).astype(np.float32)
    y = np.array([1 if r[20] == "1" else 0 for r in rows])
    assert x.shape[1] == GERMAN, x.shape
    return torch.tensor(x), torch.tensor(y)


def digits():
    """UCI digits as `load digits` reads them: 8×8 pixels 0-16 scaled to [0, 1]."""
    data = np.loadtxt(f"{DATA}/digits.csv", delimiter=",", dtype=np.float32)
    return torch.tensor(data[:, :64].reshape(-1, *DIGITS) / 16), torch.tensor(data[:, 64].astype(np.int64))


def train(model, inputs, labels, epochs, lr=0.01, log_output=False, probability_output=False):
    """Adam on half the rows (the other half stays unseen), then evaluation mode."""
    generator = torch.Generator().manual_seed(0)
    half = torch.randperm(inputs.shape[0], generator=generator)[: inputs.shape[0] // 2]
    x, y = inputs[half], labels[half]
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        for batch in torch.randperm(x.shape[0], generator=generator).split(32):
            opt.zero_grad()
            out_ = model(x[batch])
            if probability_output:
                out_ = torch.log(out_ + 1e-12)
            loss = nn.functional.nll_loss(out_, y[batch]) if (log_output or probability_output) \
                else nn.functional.cross_entropy(out_, y[batch])
            loss.backward()
            opt.step()
    model.eval()


def save(name, model, example, kind, probe):
    path = f"{out}/{name}.onnx"
    torch.onnx.export(model, example, path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                      opset_version=13, dynamo=False)
    with torch.no_grad():
        result = model(probe).numpy()
    record(name, probe.reshape(probe.shape[0], -1).numpy(), result, kind, "torch " + torch.__version__)


def record(name, inputs, outputs, kind, producer):
    with open(f"{out}/{name}.expected.json", "w") as f:
        json.dump({"producer": producer, "output": kind,
                   "inputs": [[float(v) for v in row] for row in inputs],
                   "outputs": [[float(v) for v in row] for row in outputs]}, f, indent=1)
        f.write("\n")


class Residual(nn.Module):
    """Input scaling by constants, a dense residual block, a MatMul+Add head, log-softmax."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Linear(GERMAN, 16)
        self.branch1 = nn.Linear(16, 16)
        self.branch2 = nn.Linear(16, 16)
        self.head_weight = nn.Parameter(torch.randn(16, 2) * 0.3)
        self.head_bias = nn.Parameter(torch.randn(2) * 0.1)

    def forward(self, x):
        x = (x - 0.5) / 0.25
        h = torch.relu(self.stem(x))
        h = nn.functional.leaky_relu(h + self.branch2(torch.tanh(self.branch1(h))), 0.1)
        return torch.log_softmax(torch.matmul(h, self.head_weight) + self.head_bias, dim=1)


tabular, credit = german()
# Probes: three real rows and two random ones.
probe = torch.cat([tabular[:3], torch.tensor(rng.random((2, GERMAN)), dtype=torch.float32)])

# An MLP with batch-norm, ending in softmax.
mlp = nn.Sequential(nn.Linear(GERMAN, 24), nn.BatchNorm1d(24), nn.ReLU(), nn.Dropout(0.2),
                    nn.Linear(24, 2), nn.Softmax(dim=1))
train(mlp, tabular, credit, epochs=40, probability_output=True)
save("mlp_bn", mlp, tabular[:2], "probabilities", probe)

# A small residual network.
residual = Residual()
train(residual, tabular, credit, epochs=40, log_output=True)
save("residual", residual, tabular[:2], "log_probabilities", probe)

# A small CNN for 8×8 digits.
images, digit_labels = digits()
image_probe = torch.cat([images[:3], torch.tensor(rng.random((2, *DIGITS)), dtype=torch.float32)])
cnn = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(4, 6, 3, padding=1), nn.Sigmoid(), nn.AvgPool2d(2),
                    nn.Flatten(), nn.Linear(6 * 2 * 2, 10))
train(cnn, images, digit_labels, epochs=30)
save("cnn", cnn, images[:2], "logits", image_probe)

# A logistic regression from scikit-learn.
from skl2onnx import to_onnx  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
import sklearn  # noqa: E402

features = tabular.numpy()[: tabular.shape[0] // 2]
labels = credit.numpy()[: tabular.shape[0] // 2]
logreg = LogisticRegression(max_iter=1000).fit(features, labels)
onx = to_onnx(logreg, features[:1], options={id(logreg): {"zipmap": False}}, target_opset=13)
with open(f"{out}/logreg.onnx", "wb") as f:
    f.write(onx.SerializeToString())
tab_probe = probe.numpy()
record("logreg", tab_probe, logreg.predict_proba(tab_probe), "probabilities",
       "scikit-learn " + sklearn.__version__)
print("wrote fixtures to", out)
