//! Streamed downloads: a raw answer (a `.gz` host log, a CSV invoice) handed over as it
//! arrives instead of read whole into memory, with stall protection.
//!
//! A download is a call like any other up to the answer's head: authenticated, rate-limited,
//! retried, under the attempt timeout (which ends with the head). The body is then the
//! caller's [`ByteStream`]: not limited by `max_response_bytes` nor by the timeouts, but by
//! [`StallProtection`]: fewer than a minimum of bytes over a grace period (by default 1 byte a
//! second over 20 s, as the AWS SDKs do) ends the stream with [`Error::Stalled`]. A failed
//! stream is not resumed: call again, and the download starts over from its first byte.

use crate::error::{Error, RawResponse, Result};
use crate::options::{CallOptions, StallProtection};
use crate::pipeline::Reading;
use crate::response::Response;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::{Instant, Sleep};

/// A downloaded body as it arrives: a [`Stream`] of chunks, with the length the answer
/// announced for progress bars. Dropping it closes the connection.
pub struct ByteStream {
    operation: &'static str,
    chunks: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    content_length: Option<u64>,
    received: u64,
    watch: Option<StallWatch>,
    /// The head of the answer (status and headers; no body).
    head: RawResponse,
    ended: bool,
}

/// Stall protection at work: the period under way and what it brought so far.
struct StallWatch {
    protection: StallProtection,
    period_began_with: u64,
    period_ends: Pin<Box<Sleep>>,
}

impl ByteStream {
    fn new(
        operation: &'static str,
        head: RawResponse,
        body: reqwest::Response,
        stall: StallProtection,
    ) -> Self {
        let content_length = body.content_length();
        let watch = stall.enabled().then(|| StallWatch {
            protection: stall,
            period_began_with: 0,
            period_ends: Box::pin(tokio::time::sleep(stall.grace)),
        });
        Self {
            operation,
            chunks: Box::pin(futures_util::stream::unfold(body, |mut body| async move {
                body.chunk().await.transpose().map(|chunk| (chunk, body))
            })),
            content_length,
            received: 0,
            watch,
            head,
            ended: false,
        }
    }

    /// The length the answer announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The answer's status and headers (its `body` is empty: the body is this stream).
    pub fn head(&self) -> &RawResponse {
        &self.head
    }

    /// Writes the whole body to `writer`, calling `progress` with the bytes written so far
    /// and the announced length after each chunk; flushes, and returns how many bytes were
    /// written. A failed stream or write ends it with the error.
    pub async fn write_to<W: AsyncWrite + Unpin>(
        mut self,
        writer: &mut W,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<u64> {
        let operation = self.operation;
        let failed_write = |source: std::io::Error| Error::Write { operation, source };
        while let Some(chunk) = self.next().await {
            writer.write_all(&chunk?).await.map_err(failed_write)?;
            progress(self.received, self.content_length);
        }
        writer.flush().await.map_err(failed_write)?;
        Ok(self.received)
    }

    /// Whether the stall watch found the period just ended too slow (then the stream ends).
    fn stalled(&mut self, cx: &mut Context<'_>) -> Option<Error> {
        let watch = self.watch.as_mut()?;
        while watch.period_ends.as_mut().poll(cx).is_ready() {
            let brought = self.received.saturating_sub(watch.period_began_with);
            if brought < watch.protection.minimum() {
                return Some(Error::Stalled {
                    operation: self.operation,
                    received: self.received,
                    min_bytes_per_second: watch.protection.min_bytes_per_second,
                    grace: watch.protection.grace,
                });
            }
            watch.period_began_with = self.received;
            let next = crate::clock::later(Instant::now(), watch.protection.grace);
            watch.period_ends.as_mut().reset(next);
        }
        None
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.received = self.received.saturating_add(chunk.len() as u64);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(source))) => {
                self.ended = true;
                Poll::Ready(Some(Err(Error::transport(self.operation, source))))
            }
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Poll::Pending => match self.stalled(cx) {
                Some(error) => {
                    self.ended = true;
                    Poll::Ready(Some(Err(error)))
                }
                None => Poll::Pending,
            },
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .field("status", &self.head.status)
            .field("content_length", &self.content_length)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

/// Reading an answer as a download: a success's head now and its body as a stream; any other
/// answer read whole (under the size limit), to become its error.
pub(crate) struct Streamed;

impl Reading for Streamed {
    type Output = ByteStream;
    type Rest = Option<reqwest::Response>;

    async fn read(
        operation: &'static str,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<(RawResponse, Self::Rest)> {
        if !response.status().is_success() {
            return crate::read::body(operation, response, limit)
                .await
                .map(|raw| (raw, None));
        }
        let head = RawResponse {
            status: response.status(),
            headers: std::mem::take(response.headers_mut()),
            body: Bytes::new(),
        };
        Ok((head, Some(response)))
    }

    fn finish(response: Response, rest: Self::Rest, options: &CallOptions) -> Result<ByteStream> {
        let operation = response.operation();
        let body = rest.ok_or_else(|| {
            Error::Config(format!("{operation}: a download's answer lost its body"))
        })?;
        Ok(ByteStream::new(
            operation,
            response.into_raw(),
            body,
            options.stall,
        ))
    }
}
