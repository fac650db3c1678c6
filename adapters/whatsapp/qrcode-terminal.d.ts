/** Types for qrcode-terminal (the package ships none): only what the WhatsApp adapter uses. */
declare module 'qrcode-terminal' {
  interface QrcodeTerminal {
    /** Renders `input` as a QR code with block characters; passes it to `callback` instead of printing when given. */
    generate(input: string, options?: { small?: boolean }, callback?: (qr: string) => void): void;
  }
  const qrcode: QrcodeTerminal;
  export default qrcode;
}
