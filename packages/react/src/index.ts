export { useConnect } from "./use-connect.ts";
export type { TConnectPhase, TConnectTarget, TUseConnect, TUseConnectOptions } from "./use-connect.ts";
export { ConnectButton } from "./connect-button.tsx";
export type { TConnectButtonProps } from "./connect-button.tsx";
export { parseMessage, parseStatus, parseReturnQuery, inspectUrl, sessionStatusPoll, MESSAGE_TYPE } from "./protocol.ts";
export type { TConnectError, TConnectStatus, TConnectSuccess, TPollSpec } from "./protocol.ts";
