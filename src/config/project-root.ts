import { join, resolve } from 'node:path';

/** The checkout's root, whether running compiled from dist/src or from src under ts-jest. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', __dirname.includes(join('dist', 'src')) ? '..' : '');
