export const REACT_PLACEHOLDER = true;
