//! One query to one server: over UDP, and again over TCP when the UDP answer comes truncated
//! (RFC 7766). Each exchange has one deadline, whatever the transport.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

use super::wire::{self, Reply, WireError};

/// Why a server gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Wire(#[from] WireError),
}

/// Sends `query` to `server` and reads its answer, within `timeout`.
pub async fn exchange(
    server: SocketAddr,
    query: &[u8],
    timeout: Duration,
) -> Result<Reply, ExchangeError> {
    let asked = async {
        let reply = udp(server, query).await?;
        if reply.truncated {
            tcp(server, query).await
        } else {
            Ok(reply)
        }
    };
    tokio::time::timeout(timeout, asked)
        .await
        .map_err(|_| ExchangeError::Timeout(timeout))?
}

async fn udp(server: SocketAddr, query: &[u8]) -> Result<Reply, ExchangeError> {
    let local: SocketAddr = if server.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (Ipv6Addr::UNSPECIFIED, 0).into()
    };
    // A fresh socket on a port the OS picks, connected so only the server's datagrams arrive.
    let socket = UdpSocket::bind(local).await?;
    socket.connect(server).await?;
    socket.send(query).await?;
    let mut buffer = vec![0u8; usize::from(u16::MAX)];
    loop {
        let len = socket.recv(&mut buffer).await?;
        match wire::decode_response(&buffer[..len], query) {
            // A late answer to an earlier query from the same port: wait for ours.
            Err(WireError::NotOurs) => continue,
            other => return Ok(other?),
        }
    }
}

async fn tcp(server: SocketAddr, query: &[u8]) -> Result<Reply, ExchangeError> {
    let mut stream = TcpStream::connect(server).await?;
    let len = u16::try_from(query.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "query too long"))?;
    let mut framed = Vec::with_capacity(query.len() + 2);
    framed.extend_from_slice(&len.to_be_bytes());
    framed.extend_from_slice(query);
    stream.write_all(&framed).await?;
    let len = usize::from(stream.read_u16().await?);
    let mut buffer = vec![0u8; len];
    stream.read_exact(&mut buffer).await?;
    Ok(wire::decode_response(&buffer, query)?)
}
