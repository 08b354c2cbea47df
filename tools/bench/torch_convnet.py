"""One epoch of the book's SimpleConvNet on PyTorch, one thread, float32: for
`npm run bench -- --model convnet` to compare with.

conv 30@5x5 (stride 1, pad 0), ReLU, 2x2 max pool (stride 2), affine 100, ReLU, affine 10,
softmax with cross-entropy; He-initialised weights, zero biases; Adam (lr 0.001, betas 0.9
and 0.999); minibatches of 100 from a shuffle of all 60,000 training images. As every run
of run-experiments does, each batch's loss is recorded after its update (one more forward
pass). Test accuracy after the epoch is printed, not timed.

  python3 torch_convnet.py DATA_DIR --epochs 1 --seed 1

The last line printed is a JSON summary.
"""
import argparse, json, math, time
import numpy as np
import torch
import torch.nn.functional as F


def load(data_dir, images, labels):
    x = np.fromfile(f"{data_dir}/{images}", dtype=np.uint8)[16:].reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    t = np.fromfile(f"{data_dir}/{labels}", dtype=np.uint8)[8:].astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(t)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--epochs", type=float, default=1)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)

    t0 = time.time()
    x_train, t_train = load(a.data_dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    x_test, t_test = load(a.data_dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    t1 = time.time()

    def he(*shape, fan_in):
        return (math.sqrt(2.0 / fan_in) * torch.randn(*shape)).requires_grad_()

    W1, b1 = he(30, 1, 5, 5, fan_in=25), torch.zeros(30, requires_grad=True)
    W2, b2 = he(30 * 12 * 12, 100, fan_in=4320), torch.zeros(100, requires_grad=True)
    W3, b3 = he(100, 10, fan_in=100), torch.zeros(10, requires_grad=True)
    params = [W1, b1, W2, b2, W3, b3]
    opt = torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999))

    def scores(x):
        h = F.max_pool2d(F.relu(F.conv2d(x, W1, b1)), 2, 2)
        return F.relu(h.reshape(len(x), -1) @ W2 + b2) @ W3 + b3

    iterations = int(a.epochs * len(x_train) / 100)
    order = torch.randperm(len(x_train))
    t2 = time.time()
    for i in range(iterations):
        if (i * 100) % len(x_train) == 0 and i:
            order = torch.randperm(len(x_train))
        rows = order[(i * 100) % len(x_train):(i * 100) % len(x_train) + 100]
        x, t = x_train[rows], t_train[rows]
        opt.zero_grad()
        loss = F.cross_entropy(scores(x), t)
        loss.backward()
        opt.step()
        with torch.no_grad():
            float(F.cross_entropy(scores(x), t))
    t3 = time.time()
    with torch.no_grad():
        accuracy = float((scores(x_test).argmax(dim=1) == t_test).float().mean())
    print(json.dumps({"load_s": round(t1 - t0, 3), "train_s": round(t3 - t2, 3), "iterations": iterations, "test_accuracy": accuracy}))


if __name__ == "__main__":
    main()
