/**
 * The native kernels written once with GCC vector extensions (native/vector.c, in the addon
 * native-addon.ts loads): the AVX2 set on x86-64 processors without AVX-512 (compiled with
 * -mavx2, no FMA), and the NEON set on arm64. The same source and bindings, so one module.
 */
import { nativeSet, type NativeSetSpec } from './native-addon.js';

export const AVX2: NativeSetSpec = { name: 'native-avx2', aliases: ['native', 'avx2'], addonSet: 'avx2', arch: 'x64', needs: 'AVX2' };
export const nativeAvx2Set = nativeSet(AVX2);

export const NEON: NativeSetSpec = { name: 'native-neon', aliases: ['native', 'neon'], addonSet: 'neon', arch: 'arm64', needs: 'NEON' };
export const nativeNeonSet = nativeSet(NEON);
