export { useConnect } from "./use-connect";
export type { TConnectPhase, TConnectTarget, TUseConnect, TUseConnectOptions } from "./use-connect";
export { ConnectButton } from "./connect-button";
export type { TConnectButtonProps } from "./connect-button";
export { parseMessage, parseStatus, parseReturnQuery, inspectUrl, sessionStatusPoll, MESSAGE_TYPE } from "./protocol";
export type { TConnectError, TConnectStatus, TConnectSuccess, TPollSpec } from "./protocol";
