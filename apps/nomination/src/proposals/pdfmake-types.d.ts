/**
 * The part of pdfmake 0.3's server API this service uses. @types/pdfmake references the DOM
 * library, which changes the types of fetch and Buffer for the whole project; this declares only
 * what is called here, with the document definition left to pdfmake to check at run time.
 */
declare module 'pdfmake' {
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  const pdfmake: {
    setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    createPdf(definition: Record<string, unknown>): OutputDocument;
  };
  export default pdfmake;
}
