// esbuild/vite inject the version at build time; under vitest (no define) fall back to 0.0.0-dev.
declare const __APP_VERSION__: string | undefined;
export const APP_NAME = 'Modelcrate Studio';
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
