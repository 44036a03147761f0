//! Recognise: what each input document is, by content.
