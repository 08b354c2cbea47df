"""The seed's protocol on PyTorch, one thread, float32: for `npm run bench` to compare with.

A 784-50-10 ReLU network (weights N(0, 0.01^2), zero biases) trained with plain SGD on
minibatches of 100 drawn with replacement from the first 10000 MNIST training images;
accuracy on all 70,000 images every N iterations and after the last, as the bench's
protocol (tools/bench/all-cores.ts). Forward and backward written out as the seed's layers
are, with PyTorch's matrix products.

  python3 torch_protocol.py DATA_DIR --lr 0.5 --iters 10000 --eval-every 100 --seed 1

The last line printed is a JSON summary, as reference_numpy.py prints it.
"""
import argparse, json, time
import numpy as np
import torch


def load(data_dir, images, labels):
    x = np.fromfile(f"{data_dir}/{images}", dtype=np.uint8)[16:].reshape(-1, 784).astype(np.float32) / 255.0
    t = np.fromfile(f"{data_dir}/{labels}", dtype=np.uint8)[8:].astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(t)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--lr", type=float, default=0.5)
    p.add_argument("--iters", type=int, default=10000)
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)

    t0 = time.time()
    x_train, t_train = load(a.data_dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    x_test, t_test = load(a.data_dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    t1 = time.time()

    W1 = 0.01 * torch.randn(784, 50)
    b1 = torch.zeros(50)
    W2 = 0.01 * torch.randn(50, 10)
    b2 = torch.zeros(10)

    def accuracy(x, t):
        h = torch.relu(x @ W1 + b1)
        return float(((h @ W2 + b2).argmax(dim=1) == t).float().mean())

    evals = []
    with torch.no_grad():
        for i in range(a.iters):
            mask = torch.randint(0, 10000, (100,))
            x, t = x_train[mask], t_train[mask]
            # forward: affine, ReLU, affine, softmax with cross-entropy
            h = x @ W1 + b1
            r = torch.relu(h)
            y = torch.softmax(r @ W2 + b2, dim=1)
            # backward, as the seed's layers
            dscore = y.clone()
            dscore[torch.arange(100), t] -= 1
            dscore /= 100
            dW2, db2 = r.T @ dscore, dscore.sum(dim=0)
            dh = (dscore @ W2.T) * (h > 0)
            dW1, db1 = x.T @ dh, dh.sum(dim=0)
            W1 -= a.lr * dW1
            b1 -= a.lr * db1
            W2 -= a.lr * dW2
            b2 -= a.lr * db2
            # the loss after the update, as the seed records it
            y = torch.softmax(torch.relu(x @ W1 + b1) @ W2 + b2, dim=1)
            float(-torch.log(y[torch.arange(100), t] + 1e-7).mean())
            if (a.eval_every and i % a.eval_every == 0) or i == a.iters - 1:
                evals.append({"test_accuracy": accuracy(x_test, t_test), "train_accuracy": accuracy(x_train, t_train)})
    t2 = time.time()
    print(json.dumps({"load_s": round(t1 - t0, 3), "train_s": round(t2 - t1, 3), "evaluations": len(evals),
                      "test_accuracy": evals[-1]["test_accuracy"] if evals else None}))


if __name__ == "__main__":
    main()
