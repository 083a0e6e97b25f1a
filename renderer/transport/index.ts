export { getApi, pageToken, isDesktop, webClientOf, setApiForTests } from './api';
export { openFiles, type OpenProgress } from './open-files';
export { isConnectionLoss, type ConnectionState, type ConnectionStatus } from './ws-client';
