export { getApi, pageToken, isDesktop, webClientOf, setApiForTests } from './api';
export { openFiles, type OpenProgress } from './open-files';
export type { UploadProgress } from './upload-progress';
export { isConnectionLoss, type ConnectionState, type ConnectionStatus } from './ws-client';
