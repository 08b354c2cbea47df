import { describe, expect, it, vi } from 'vitest';
import { IdxError } from '../../src/core/data/idx.js';
import { loadTestSet as loadMnistTest } from '../../src/predict/mnist-test.js';
import { predictMessages as m } from '../../src/predict/messages.js';
import { UserError } from '../../src/cli/command.js';

vi.mock('../../src/core/data/dataset.js', () => ({
  mnistDataDir: () => '/nowhere',
  loadDataset: () => {
    throw new IdxError('t10k-images-idx3-ubyte is missing');
  },
}));

describe('the MNIST test set for --test-index', () => {
  it('is reported as a user error when its files cannot be read', async () => {
    await expect(loadMnistTest()).rejects.toThrow(UserError);
    await expect(loadMnistTest()).rejects.toThrow(m.noTestSet('t10k-images-idx3-ubyte is missing'));
  });
});
