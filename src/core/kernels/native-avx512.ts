/**
 * The native AVX-512 kernels (native/kernels.c, in the addon native-addon.ts loads), where
 * the processor has AVX-512F: 16 columns to a register, two images summed at once.
 */
import { nativeSet, type NativeSetSpec } from './native-addon.js';

export const AVX512: NativeSetSpec = { name: 'native-avx512', aliases: ['native', 'avx512'], addonSet: 'avx512', arch: 'x64', needs: 'AVX-512F' };
export const nativeAvx512Set = nativeSet(AVX512);
