"""Writes the ONNX fixtures and their framework outputs (see scripts/onnx-fixtures)."""
import json
import sys

import numpy as np
import torch
from torch import nn

out = sys.argv[1]
torch.manual_seed(0)
rng = np.random.default_rng(0)
GERMAN = 44  # features of `load german`
DIGITS = (1, 8, 8)  # `load digits`


def train_briefly(model, inputs, classes, steps=30):
    """A few SGD steps on random labels, so batch-norm statistics and weights are not defaults."""
    labels = torch.randint(0, classes, (inputs.shape[0],))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    for _ in range(steps):
        opt.zero_grad()
        out_ = model(inputs)
        loss = nn.functional.cross_entropy(out_, labels) if not isinstance(
            model[-1] if isinstance(model, nn.Sequential) else None, (nn.Softmax, nn.LogSoftmax)) else \
            nn.functional.nll_loss(torch.log(out_ + 1e-9) if isinstance(model[-1], nn.Softmax) else out_, labels)
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


# An MLP with batch-norm, ending in softmax.
tabular = torch.rand(64, GERMAN)
probe = torch.tensor(rng.random((5, GERMAN)), dtype=torch.float32)
mlp = nn.Sequential(nn.Linear(GERMAN, 24), nn.BatchNorm1d(24), nn.ReLU(), nn.Dropout(0.2),
                    nn.Linear(24, 2), nn.Softmax(dim=1))
train_briefly(mlp, tabular, 2)
save("mlp_bn", mlp, tabular[:2], "probabilities", probe)

# A small residual network.
residual = Residual()
residual.eval()
save("residual", residual, tabular[:2], "log_probabilities", probe)

# A small CNN for 8×8 digits.
images = torch.rand(32, *DIGITS)
image_probe = torch.tensor(rng.random((5, *DIGITS)), dtype=torch.float32)
cnn = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(4, 6, 3, padding=1), nn.Sigmoid(), nn.AvgPool2d(2),
                    nn.Flatten(), nn.Linear(6 * 2 * 2, 10))
train_briefly(cnn, images, 10)
save("cnn", cnn, images[:2], "logits", image_probe)

# A logistic regression from scikit-learn.
from skl2onnx import to_onnx  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
import sklearn  # noqa: E402

features = rng.random((200, GERMAN)).astype(np.float32)
labels = (features[:, 0] + features[:, 1] > 1).astype(np.int64)
logreg = LogisticRegression(max_iter=500).fit(features, labels)
onx = to_onnx(logreg, features[:1], options={id(logreg): {"zipmap": False}}, target_opset=13)
with open(f"{out}/logreg.onnx", "wb") as f:
    f.write(onx.SerializeToString())
tab_probe = probe.numpy()
record("logreg", tab_probe, logreg.predict_proba(tab_probe), "probabilities",
       "scikit-learn " + sklearn.__version__)
print("wrote fixtures to", out)
