export { useConnect } from "./use-connect.js";
export type { TConnectPhase, TConnectTarget, TUseConnect, TUseConnectOptions } from "./use-connect.js";
export { ConnectButton } from "./connect-button.js";
export type { TConnectButtonProps } from "./connect-button.js";
export { parseMessage, parseStatus, parseReturnQuery, inspectUrl, sessionStatusPoll, MESSAGE_TYPE } from "./protocol.js";
export type { TConnectError, TConnectStatus, TConnectSuccess, TPollSpec } from "./protocol.js";
