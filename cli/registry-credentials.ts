// Registry credentials as every pushing command takes them: --registry-user (or
// MODELCRATE_REGISTRY_USER) and the password from stdin with --registry-password-stdin (or
// MODELCRATE_REGISTRY_PASSWORD), never as an argument that shows in `ps`.
import { AppError } from '../shared/errors';

export interface CredentialFlags {
  registryUser?: string;
  registryPasswordStdin: boolean;
}

export async function registryCredentials(flags: CredentialFlags): Promise<{ username?: string; password?: string }> {
  const username = flags.registryUser ?? process.env.MODELCRATE_REGISTRY_USER;
  if (!flags.registryPasswordStdin) return { username, password: process.env.MODELCRATE_REGISTRY_PASSWORD };
  if (!username) throw new AppError('INVALID_REQUEST', '--registry-password-stdin needs --registry-user (or MODELCRATE_REGISTRY_USER).');
  let text = '';
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) text += chunk.toString();
  return { username, password: text.replace(/\r?\n$/, '') };
}
